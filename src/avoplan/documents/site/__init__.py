"""The portfolio as a static site (`avoplan render site`): one module per page kind."""
