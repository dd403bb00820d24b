import { formatCents } from '../../../platform/money';
import { Csrf } from '../../../platform/views/components';
import type { PageContext } from '../../../platform/views/context';
import { Layout } from '../../../platform/views/layout';
import type { PaymentSimulation, SimulatorNotifyMode } from '../online.schema';

const MODES: { value: SimulatorNotifyMode; label: string }[] = [
  { value: 'now', label: 'Immédiate' },
  { value: 'late', label: 'En retard (2 minutes)' },
  { value: 'twice', label: 'Envoyée deux fois' },
  { value: 'never', label: 'Jamais (la vérification périodique prendra le relais)' },
];

/** The simulated bank's hosted page: clearly not a real payment. */
export function SimulatorPage(p: { ctx: PageContext; sim: PaymentSimulation; mode: SimulatorNotifyMode }) {
  const { ctx, sim } = p;
  const open = sim.status === 'WAITING';
  return (
    <Layout ctx={ctx} title="Simulateur de paiement">
      <div class="sim-bank">
        <p class="sim-banner" role="note">
          <strong>Simulateur — aucun paiement réel</strong>
        </p>
        <h1>Banque simulée · paiement sécurisé</h1>
        <dl class="sim-details">
          <dt>Bénéficiaire</dt>
          <dd safe>{ctx.tenant?.name ?? ''}</dd>
          <dt>Objet</dt>
          <dd safe>{sim.label}</dd>
          <dt>Montant</dt>
          <dd>
            <strong safe>{formatCents(sim.amountCents)}</strong>
          </dd>
          <dt>Référence</dt>
          <dd safe>{sim.ref}</dd>
        </dl>
        {open ? (
          <form
            method="post"
            action={`${ctx.base}/paiement-simule/${encodeURIComponent(sim.ref)}`}
            class="form"
          >
            <Csrf token={ctx.csrfToken} />
            <fieldset class="field">
              <legend>Notification au portail (options de test)</legend>
              {MODES.map((m) => (
                <div class="checkbox">
                  <input
                    type="radio"
                    name="notification"
                    value={m.value}
                    id={`sim-${m.value}`}
                    checked={m.value === p.mode}
                  />
                  <label for={`sim-${m.value}`} safe>
                    {m.label}
                  </label>
                </div>
              ))}
            </fieldset>
            <div class="actions">
              <button type="submit" class="button" name="decision" value="accepter">
                Accepter le paiement
              </button>
              <button type="submit" class="button button-danger" name="decision" value="refuser">
                Refuser le paiement
              </button>
              <button type="submit" class="button button-secondary" name="decision" value="abandonner">
                Abandonner
              </button>
            </div>
          </form>
        ) : (
          <p>
            <span>Ce paiement simulé est terminé. </span>
            <a href={sim.returnUrl}>Retour au portail</a>
          </p>
        )}
      </div>
    </Layout>
  );
}
