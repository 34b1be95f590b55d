import CavraModel
