"""Reading: inputs to Articles.

Takes files, folders, JSONL, stdin, WARC archives and HTML; gives `Article`s (cleaned text with
an offset map back to the raw input) or `DeadLetter`s naming the input and what went wrong.
"""
