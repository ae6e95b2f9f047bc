"""Who is calling: contact sources, number matching and the lookup a popup waits for never.

Pure core (no asyncio, no Qt, no I/O): `numbers`, `model`, `index`, `csv_reader`,
`vcard_reader`, `source_url`, `context`. The I/O beside it: `file_source` (files, reloaded when
they change), `ldap_source`, `http_source`, `carddav_source`, and `lookup` (the asyncio lookup
with deadline and cache that the call service runs). Qt lives only in screenpop/ui.
"""
