"""Writing events out: JSONL, CSV, GeoJSON (`writers`), and Parquet/GeoPackage exports of a
store (`export`).

Takes Events or store rows; gives files.
"""
