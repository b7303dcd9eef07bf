"""frontwatch: events, territorial control and quotes from dated conflict news, with evidence."""

__version__ = "0.1.0"
