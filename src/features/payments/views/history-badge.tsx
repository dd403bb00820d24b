import { Badge, type Tone } from '../../../platform/views/components';
import { PAYMENT_STATUS_LABEL } from './labels';

export function PaymentStatusBadge({ status }: { status: string }) {
  const s = PAYMENT_STATUS_LABEL[status] ?? { text: status, tone: 'neutral' as Tone };
  return (
    <Badge tone={s.tone}>
      <span safe>{s.text}</span>
    </Badge>
  );
}
