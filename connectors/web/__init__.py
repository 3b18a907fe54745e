"""The local web chat: a static page and a small server proxying to Rasa's REST channel."""

from connectors.web.server import ChatServer, WebConfigError, make_server, serve_in_thread

__all__ = ["ChatServer", "WebConfigError", "make_server", "serve_in_thread"]
