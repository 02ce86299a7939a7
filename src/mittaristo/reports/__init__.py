"""Reports for the council: each kind's content from the evaluation record, and its sheets."""
