/**
 * The printable register (paper binder, fire drills): children by group with columns for arrival,
 * departure and signature; allergies, PAI and diets flagged for the readers allowed to see them.
 */
import { formatDayLongFr, timeIn } from '../../platform/calendar/days';
import { createTenantPdf, PDF_FONTS, pdfToBuffer } from '../../platform/pdf/pdf';
import { ageLabel } from '../households/domain/age';
import type { RegisterView } from './attendance.service';

const MARGIN = 50;

export function renderRegisterPdf(
  v: RegisterView,
  tenant: Parameters<typeof createTenantPdf>[0] & { timeZone: string },
  createdAt: Date,
) {
  const s = v.scope;
  const doc = createTenantPdf(tenant, 'Registre de présence', { createdAt });
  const width = doc.page.width - 2 * MARGIN;
  doc
    .font(PDF_FONTS.bold)
    .fontSize(11)
    .text(`${s.facility.name} — ${s.activity.name} · ${s.unit.name}`, { width });
  doc
    .font(PDF_FONTS.regular)
    .fontSize(10)
    .text(`${formatDayLongFr(v.day)}, ${s.unit.startTime}–${s.unit.endTime}`, {
      width,
    });
  const c = v.counts;
  doc.text(
    `Attendus : ${c.expected} · Présents : ${c.present} · Absents : ${c.absent} · Non pointés : ${c.unmarked}`,
    {
      width,
    },
  );
  doc.moveDown(0.8);
  // Columns: child (with flags), arrival, departure, signature.
  const cols = [
    { title: 'Enfant', w: 215 },
    { title: 'Arrivée', w: 60 },
    { title: 'Départ', w: 60 },
    { title: 'Signature', w: width - 335 },
  ];
  const header = () => {
    let x = MARGIN;
    const y = doc.y;
    doc.font(PDF_FONTS.bold).fontSize(9).fillColor('#000000');
    for (const col of cols) {
      doc.text(col.title, x + 3, y + 3, { width: col.w - 6, lineBreak: false });
      x += col.w;
    }
    doc.rect(MARGIN, y, width, 16).lineWidth(0.7).strokeColor('#000000').stroke();
    doc.y = y + 16;
  };
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const groups = [...new Set(v.lines.map((l) => l.groupName))];
  if (v.lines.length === 0) doc.text('Aucun enfant réservé pour ce jour.');
  const time = (d: Date | null | undefined) => (d ? timeIn(tenant.timeZone, d) : '');
  for (const g of groups) {
    if (doc.y + 60 > bottom()) doc.addPage();
    doc
      .font(PDF_FONTS.bold)
      .fontSize(12)
      .fillColor('#000000')
      .text(g || 'Sans groupe', MARGIN, doc.y, { width });
    doc.moveDown(0.3);
    header();
    for (const l of v.lines.filter((x) => x.groupName === g)) {
      const flags: string[] = [];
      if (l.health?.allergies) flags.push(`⚠ ALLERGIES : ${l.health.allergies}`);
      if (l.health?.pai) flags.push(l.health.paiNotes ? `PAI : ${l.health.paiNotes}` : 'PAI');
      if (l.health?.diet) flags.push(`Régime : ${l.health.diet}`);
      if (!l.booked) flags.push('Présent sans réservation');
      if (l.mark?.state === 'absent') flags.push('Absent');
      const name = `${l.lastName.toUpperCase()} ${l.firstName} (${ageLabel(l.birthDate, v.day)})`;
      doc.font(PDF_FONTS.regular).fontSize(9);
      const flagText = flags.join(' · ');
      const h = Math.max(
        24,
        doc.heightOfString(name, { width: cols[0]!.w - 6 }) +
          (flagText ? doc.fontSize(8).heightOfString(flagText, { width: cols[0]!.w - 6 }) : 0) +
          8,
      );
      if (doc.y + h > bottom()) {
        doc.addPage();
        header();
      }
      const y = doc.y;
      doc
        .font(PDF_FONTS.bold)
        .fontSize(9)
        .fillColor('#000000')
        .text(name, MARGIN + 3, y + 4, { width: cols[0]!.w - 6 });
      if (flagText)
        doc
          .font(PDF_FONTS.regular)
          .fontSize(8)
          .fillColor('#a4262c')
          .text(flagText, { width: cols[0]!.w - 6 });
      doc.font(PDF_FONTS.regular).fontSize(9).fillColor('#000000');
      doc.text(time(l.mark?.arrivedAt), MARGIN + cols[0]!.w + 3, y + 4, {
        width: cols[1]!.w - 6,
        lineBreak: false,
      });
      doc.text(time(l.mark?.leftAt), MARGIN + cols[0]!.w + cols[1]!.w + 3, y + 4, {
        width: cols[2]!.w - 6,
        lineBreak: false,
      });
      let x = MARGIN;
      for (const col of cols) {
        doc.rect(x, y, col.w, h).lineWidth(0.5).strokeColor('#000000').stroke();
        x += col.w;
      }
      doc.y = y + h;
    }
    doc.moveDown(0.8);
  }
  return pdfToBuffer(doc);
}
