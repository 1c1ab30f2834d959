"""AI reply suggestions: three drafts of different intent for a fan message or a silent fan.

``suggestions_generate`` (``services``) builds the context (``context``), asks the chosen
engine (``local`` by default, grounded in the creator's own past replies and niche preset),
drops drafts the compliance guard blocks and stores the rest as ``Suggestion`` rows. A
suggestion is only ever a draft: sending goes through ``inbox.sending``'s approval gate.
"""
