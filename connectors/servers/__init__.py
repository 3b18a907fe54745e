"""Running the Rasa server and the action server together (the `hrbot run` stack)."""

from connectors.servers.paths import latest_model, models_dir, project_root, rasa_python
from connectors.servers.stack import Stack, StackError, free_port, make_stack

__all__ = ["Stack", "StackError", "free_port", "latest_model", "make_stack", "models_dir", "project_root", "rasa_python"]
