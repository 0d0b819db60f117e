"""Possible duplicates: the one flag mechanism (DESIGN §9) that applications, profile changes, new
partnerships and the EU Survey import raise, that staff see and resolve, and that holds back an
organisation's approval or a partnership's publication until they do."""
