"""The web app: server-rendered pages with JSON twins under /api."""
