"""The assets, one module per asset group (ingest, clean, nlp, coding, publish).

Each asset is a few lines that read its inputs, call the plain function of its group's package
(`etl.articles`, `etl.coding`, `etl.publish`) and write its table with row-count and schema
metadata. The rest of `etl.defs` is how they run: resources, partitions and sensors, checks,
the IO manager, executors and the persistent instance.
"""
