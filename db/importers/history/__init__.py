"""The history import: nascaR.data result files (CSV, CSV.gz, Parquet) into the store."""
