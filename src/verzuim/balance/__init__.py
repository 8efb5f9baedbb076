"""The Balanscheck: an anonymous, repeated check of load, capacity and binding per unit."""
