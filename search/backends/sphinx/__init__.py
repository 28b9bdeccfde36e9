"""The SphinxQL search-cluster backend (`--backend sphinx://HOST:PORT[,HOST:PORT…]/INDEX`)."""
