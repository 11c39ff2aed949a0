"""The catalog: the SYS_* data dictionary tables and the cache of table definitions built
from them. Calls only storage.
"""
