"""Staff and public pages for consultations, one module per part."""
