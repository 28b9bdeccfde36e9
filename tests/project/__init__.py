"""The project as a whole: packaging, every module imports, the engine stays headless, the benchmark corpus."""
