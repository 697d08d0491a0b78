// Builds the dashboard's browser assets into dist/dashboard (placeholder until built).
