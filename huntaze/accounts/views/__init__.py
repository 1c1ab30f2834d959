"""Settings pages: connected accounts, team members, API tokens, and the team switcher.

Thin views: forms parse input, services decide and check roles, so a chatter's POST is refused
there whatever a template shows. Every page works without JavaScript; with it, HTMX swaps the
section an action changed. Settings are per team: ``web.selection.selected_team``.
"""
