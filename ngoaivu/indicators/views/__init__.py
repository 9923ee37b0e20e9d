"""Pages of the indicators app, one module per noun: `catalogue` (the catalogue, one indicator's figures, a
province's profile, the comparison table), `values` (the values list, entry, detail and workflow buttons),
`rates` (the exchange-rate table) and `imports` (the Excel import, issue 20's slice I2)."""
