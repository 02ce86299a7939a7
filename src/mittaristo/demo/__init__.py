"""The demo: Heinola's strategy with example data, a published example round and one user per
role. The top floor of the house: it may import every app, and nothing imports it."""
