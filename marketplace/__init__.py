"""ODOP Bazaar: the One District One Product marketplace of Uttar Pradesh."""
