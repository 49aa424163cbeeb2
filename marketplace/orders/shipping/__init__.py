"""Shipping: carrier adapters (manual, courier aggregator), booking, labels, pickup, tracking
events through the sub-order state machine, and proof of delivery. See docs/shipping.md."""
