"""The analyst's map: `strife serve` (a local, read-only web app over a store) and
`strife report` (the same map, timeline and table as one offline HTML file)."""
