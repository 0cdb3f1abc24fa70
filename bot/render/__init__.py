"""Pure embed builders: from `kernel.reports` values to Discord embeds, inside Discord's limits."""
