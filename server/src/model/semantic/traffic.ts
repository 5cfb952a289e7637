// The read/write mix a client sends: its own `read_ratio`, else the
// workload's, else the schema's fallback. The estimate and the simulation
// both start their traffic here.
import type { ComponentModel } from '../types';
import { READ_RATIO_FALLBACK } from '../../schema/schema';

export function readRatioOf(client: ComponentModel, workloadReadRatio: number | undefined): number {
  return client.props.num('read_ratio') ?? workloadReadRatio ?? READ_RATIO_FALLBACK;
}
