// Regions: the tree and a search on the left, the selected region and its children on the right; the URL follows.
import { SearchOutlined } from '@ant-design/icons';
import { Card, Col, Collapse, Empty, Grid, Input, List, Row, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { errorMessage } from '../../lib/errors.ts';
import { formatRegionLevel } from '../../lib/format.ts';
import { useCurrentUser } from '../auth/api.ts';
import { useRegion, useRegionSearch } from './api.ts';
import { RegionDetail } from './region-detail.tsx';
import { RegionTree } from './region-tree.tsx';
import styles from './regions.module.css';

function RegionSearch({ onPick }: { onPick: (code: string) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(1);
  const search = useRegionSearch(query, { page });
  return (
    <div className={styles.search}>
      <Input.Search
        allowClear
        placeholder={t('regions.searchPlaceholder')}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          if (!e.target.value) setQuery('');
        }}
        maxLength={50}
        onSearch={(value) => {
          setQuery(value.trim());
          setPage(1);
        }}
        enterButton={<SearchOutlined aria-label={t('common.search')} />}
        loading={search.isFetching}
      />
      {query && (
        <Card
          size="small"
          className={styles.searchResults}
          title={t('regions.searchResults', { count: search.data?.total ?? 0 })}
        >
          {search.isError ? (
            <Typography.Text type="danger">{errorMessage(search.error)}</Typography.Text>
          ) : search.data && search.data.items.length === 0 ? (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={t('regions.searchEmpty', { q: query })}
            />
          ) : (
            <List
              size="small"
              loading={search.isPending}
              dataSource={search.data?.items ?? []}
              pagination={
                (search.data?.total ?? 0) > 20 && {
                  current: page,
                  pageSize: 20,
                  total: search.data?.total ?? 0,
                  onChange: setPage,
                  size: 'small',
                  simple: true,
                  showSizeChanger: false,
                  align: 'center',
                }
              }
              renderItem={(item) => (
                <List.Item
                  className={styles.searchItem}
                  onClick={() => {
                    onPick(item.code);
                    setQuery('');
                    setText('');
                  }}
                >
                  <div>
                    <Typography.Text strong>{item.name}</Typography.Text>{' '}
                    <Tag>{formatRegionLevel(item.level)}</Tag>
                    {item.within && <div className={styles.searchWithin}>{item.within}</div>}
                    <div className={styles.searchMeta}>
                      {item.officialName !== item.name ? `${item.officialName} · ` : ''}
                      {item.code}
                    </div>
                  </div>
                </List.Item>
              )}
            />
          )}
        </Card>
      )}
    </div>
  );
}

export function RegionsPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const params = useParams();
  const navigate = useNavigate();
  const code = params.code ?? me.scopeRegion.code;
  const region = useRegion(code);
  const open = (next: string) => {
    if (next !== params.code) navigate(`/regions/${next}`);
  };
  // On a phone the tree folds away under the search box; breadcrumb and table are enough to move around.
  const mobile = Grid.useBreakpoint().lg === false;
  const tree = (
    <RegionTree
      root={me.scopeRegion}
      selectedCode={region.data?.code ?? code}
      selectedPath={region.data?.path}
      onSelect={open}
    />
  );

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={8} xl={7}>
        <Card size="small" className={styles.treeCard}>
          <RegionSearch onPick={open} />
          {mobile ? (
            <Collapse
              ghost
              size="small"
              items={[{ key: 'tree', label: t('regions.treeTitle'), children: tree }]}
            />
          ) : (
            tree
          )}
        </Card>
      </Col>
      <Col xs={24} lg={16} xl={17}>
        <RegionDetail code={code} region={region} onOpen={open} />
      </Col>
    </Row>
  );
}
