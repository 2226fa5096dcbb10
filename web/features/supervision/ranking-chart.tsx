// The rated units' scores as horizontal bars, best on top: 红榜 red, 黑榜 dark grey, the rest blue. Only the parts
// of ECharts a bar chart needs are loaded (the whole bundle would triple this page's code).
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useTranslation } from 'react-i18next';
import type { RankingItem } from '../../../shared/contracts/supervision.ts';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

export const listColors = { red: '#cf1322', black: '#434343', none: '#1677ff' } as const;

const ROW_HEIGHT = 30;

export function RankingChart({ items, narrow }: { items: RankingItem[]; narrow: boolean }) {
  const { t } = useTranslation();
  const rated = items.filter((i) => i.rated);
  const option = {
    animation: false,
    grid: { left: 8, right: 48, top: 8, bottom: 24, containLabel: true },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: { dataIndex: number }[]) => {
        const item = rated[params[0]?.dataIndex ?? -1];
        if (!item) return '';
        const list = item.list ? ` · ${t(`supervision.list.${item.list}`)}` : '';
        // The tooltip is HTML: a unit's name is data, not markup.
        return `${echarts.format.encodeHTML(item.unit.name)}<br/>${t('supervision.scoreValue', { score: item.score })}${list}`;
      },
    },
    xAxis: { type: 'value', min: 0, splitLine: { lineStyle: { color: '#f0f0f0' } } },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rated.map((i) => i.unit.name),
      axisTick: { show: false },
      axisLabel: { width: narrow ? 110 : 200, overflow: 'truncate', color: 'rgba(0,0,0,0.75)' },
    },
    series: [
      {
        type: 'bar',
        barMaxWidth: 18,
        data: rated.map((i) => ({
          value: i.score,
          itemStyle: { color: listColors[i.list ?? 'none'], borderRadius: [0, 3, 3, 0] },
        })),
        label: { show: true, position: 'right', color: 'rgba(0,0,0,0.75)' },
      },
    ],
  };
  return (
    <div role="img" aria-label={t('supervision.chartAria', { count: rated.length })} data-ranking-chart>
      <ReactEChartsCore
        echarts={echarts}
        option={option}
        notMerge
        style={{ height: Math.max(160, rated.length * ROW_HEIGHT + 40), width: '100%' }}
      />
    </div>
  );
}
