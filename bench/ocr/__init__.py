"""The OCR corpus generator and benchmark."""
