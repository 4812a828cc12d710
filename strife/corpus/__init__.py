"""Corpus runs: many articles into a resumable SQLite store.

Takes input paths; gives a store of articles, events, evidence and places (`store`), with
near-duplicate articles linked (`dedup`) and the same incident told by several articles merged
(`merge`). `runner` drives the worker processes.
"""
