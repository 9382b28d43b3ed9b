"""What a person reads: terminal/Markdown/JSON/CSV reports (`report`), maps and exports (`maps`)."""
