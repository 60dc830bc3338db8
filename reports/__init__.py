"""Reports from MongoDB: the inspection bulletin (通报) and the per-unit rectification lists."""
