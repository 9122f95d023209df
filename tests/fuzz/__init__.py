"""Property and worst-case tests of the stages that read untrusted text."""
