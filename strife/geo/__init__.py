"""Places: the gazetteer, toponyms and their resolution, and the one distance function.

Takes a parsed Doc and its Article; gives `Place`s (span, gazetteer entry, coordinates, admin
areas, country) and locates events.
"""
