"""The pages officers and the performance team work in: the month sheet, review, quarters, uploads."""
