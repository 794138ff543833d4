"""The intake service (`intlhub serve`): the built site, the forms' submissions API and the staff screen."""
