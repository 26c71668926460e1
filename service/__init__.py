"""tokenplan's service: the Litestar app (`create_app`), its SQLite store, the solver pool,
reports and the `tokenplan` command."""
