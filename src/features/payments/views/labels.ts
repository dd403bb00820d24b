import type { Tone } from '../../../platform/views/components';

export const PAYMENT_STATUS_LABEL: Record<string, { text: string; tone: Tone }> = {
  pending: { text: 'En cours de confirmation', tone: 'info' },
  paid: { text: 'Payé', tone: 'success' },
  refused: { text: 'Refusé', tone: 'danger' },
  abandoned: { text: 'Abandonné', tone: 'neutral' },
  expired: { text: 'Expiré', tone: 'neutral' },
  error: { text: 'Erreur du service de paiement', tone: 'danger' },
  flagged: { text: 'À vérifier par le service', tone: 'warning' },
  cancelled: { text: 'Annulé', tone: 'neutral' },
  returned: { text: 'Rejeté par la banque', tone: 'danger' },
};

export const METHOD_LABEL: Record<string, string> = {
  online: 'Paiement en ligne',
  cheque: 'Chèque',
  cash: 'Espèces',
  cesu: 'CESU',
  ancv: 'Chèques-vacances ANCV',
  transfer: 'Virement',
  direct_debit: 'Prélèvement',
};

export const PROVIDER_LABEL: Record<string, string> = {
  simulator: 'simulateur',
  payfip: 'PayFiP',
  systempay: 'Systempay',
};
