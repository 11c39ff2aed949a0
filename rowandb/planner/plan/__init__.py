"""Plans: the bound statement tree the binder produces (``bound``), the logical plan nodes
built from it (``build``, ``logical``), how nodes and expressions print (``describe``) and
the small tree analyses every stage shares (``analysis``)."""
