"""The crossing window and its tabs: overview, checks, evidence, declaration, custody."""
