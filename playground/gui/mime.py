"""The drag-and-drop formats of the editor; private to the app, so no other program's data
(a text, a file) is ever mistaken for a layer."""

TYPE_MIME = "application/x-nnp-layer-type"  # a palette entry: the layer type's name
INDEX_MIME = "application/x-nnp-layer-index"  # a card being moved: its position
