"""The Qt user interface: views that display the core's data and forward the user's edits."""
