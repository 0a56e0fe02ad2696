"""The scrutiny recommendations tracker."""
