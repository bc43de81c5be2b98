// Huawei Cloud DDM instances, schemas, accounts and read weights, DCS caches, and OceanBase cluster membership through OBShell.
package ddm
