"""Live platform clients for ``persona live``: each reads one channel through the existing parsers
(``connectors.livestream.parsers``), reconnects with backoff, and raises ``LiveRefused`` when the platform
refuses for good. ``convert.to_event`` maps each ``AudienceEvent`` onto protocol v1.1's input types, and
``forward.forward`` sends them to a running persona's gateway as a ``source``.
"""
