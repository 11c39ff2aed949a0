"""Storage: table and index files with 32-bit file ids, transactions' undo logs, and
(for database directories) the redo log, checkpoints and recovery. The bottom layer.
"""
