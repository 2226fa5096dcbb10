// The division tree from the user's scope root down, loading each level's children when it is opened.
import { useQueryClient } from '@tanstack/react-query';
import { Tree, type TreeDataNode } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { RegionRef } from '../../../shared/contracts/regions.ts';
import { fetchChildren, type RegionSummary, regionKeys } from './api.ts';
import styles from './regions.module.css';

type Props = {
  root: RegionRef;
  selectedCode: string;
  /** Root-to-selected path from the region API; its ancestors are opened so the selection is visible. */
  selectedPath: RegionRef[] | undefined;
  onSelect: (code: string) => void;
};

export function RegionTree({ root, selectedCode, selectedPath, onSelect }: Props) {
  const queryClient = useQueryClient();
  const [childrenOf, setChildrenOf] = useState<Record<string, RegionSummary[]>>({});
  const [expanded, setExpanded] = useState<string[]>([root.code]);

  const loadChildren = useCallback(
    async (code: string) => {
      const children = await queryClient.fetchQuery({
        queryKey: regionKeys.children(code),
        queryFn: ({ signal }) => fetchChildren(code, signal),
      });
      setChildrenOf((current) => (current[code] === children ? current : { ...current, [code]: children }));
    },
    [queryClient],
  );

  // Grids created, renamed or deleted elsewhere on the page show up here too.
  useEffect(() => {
    return queryClient.getQueryCache().subscribe((event) => {
      const key = event.query.queryKey;
      if (event.type !== 'updated' || key[0] !== 'regions' || key[1] !== 'children') return;
      const code = key[2] as string;
      const data = event.query.state.data as RegionSummary[] | undefined;
      if (data) setChildrenOf((current) => (code in current ? { ...current, [code]: data } : current));
    });
  }, [queryClient]);

  useEffect(() => {
    if (root.level !== 'grid') void loadChildren(root.code).catch(() => undefined);
  }, [root.code, root.level, loadChildren]);

  useEffect(() => {
    if (!selectedPath) return;
    // Open the way down to the selection, and the selection itself so its children show beside the table.
    const selected = selectedPath.at(-1);
    const toOpen = selectedPath.filter((r) => r !== selected || r.level !== 'grid').map((r) => r.code);
    if (toOpen.length === 0) return;
    void Promise.all(toOpen.map((code) => loadChildren(code))).then(
      () => setExpanded((current) => [...new Set([...current, ...toOpen])]),
      () => undefined,
    );
  }, [selectedPath, loadChildren]);

  const treeData = useMemo(() => {
    const build = (region: {
      code: string;
      name: string;
      level: string;
      childCount?: number;
    }): TreeDataNode => {
      const children = childrenOf[region.code];
      return {
        key: region.code,
        title: <span className={styles.treeTitle}>{region.name}</span>,
        isLeaf: region.level === 'grid' || region.childCount === 0,
        children: children?.map(build),
      };
    };
    return [build(root)];
  }, [childrenOf, root]);

  return (
    <Tree
      className={styles.tree}
      treeData={treeData}
      selectedKeys={[selectedCode]}
      expandedKeys={expanded}
      onExpand={(keys) => setExpanded(keys.map(String))}
      loadData={async (node) => loadChildren(String(node.key))}
      onSelect={(keys, info) => {
        const key = keys[0] ?? info.node.key;
        onSelect(String(key));
      }}
      blockNode
    />
  );
}
