import type { Metadata } from "next";
import { AdminLink } from "@/components/admin/admin-link";
import { markPaidAction, setPaymentAction } from "@/app/admin/_actions/payments";
import { PaymentSettingsForm } from "@/components/admin/payment-settings-form";
import { PageTitle } from "@/components/admin/page-title";
import { PaymentsTable } from "@/components/admin/payments-table";
import { Card, Facts } from "@/components/ui/card";
import { buttonStyles } from "@/components/ui/styles";
import { paymentFormValues, sessionPayments } from "@/lib/data/payments";
import { isExpectedError } from "@/lib/errors";
import { readDb } from "@/lib/store/db";
import { requireAdmin } from "../../../../_lib/auth";

type Props = Readonly<{ params: Promise<{ sname: string }> }>;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Payments of ${(await params).sname}` };
}

/** What each player earned (points to money, the fee), whether they were paid, and the files to pay them with. */
export default async function PaymentsPage({ params }: Props) {
  await requireAdmin();
  const { sname } = await params;
  const base = `/admin/session/${encodeURIComponent(sname)}`;
  const [payments, formValues] = await Promise.all([
    sessionPayments(readDb(), sname).catch((e: unknown) => {
      if (isExpectedError(e)) return e.message;
      throw e;
    }),
    paymentFormValues(readDb(), sname).catch((e: unknown) => {
      if (isExpectedError(e)) return null;
      throw e;
    }),
  ]);
  // Also shown when the stored settings are not usable: the form is how they get fixed.
  const settings = formValues ? (
    <Card title="Payment settings">
      <PaymentSettingsForm initial={formValues} action={setPaymentAction.bind(null, sname)} />
    </Card>
  ) : null;
  return (
    <>
      <PageTitle
        actions={
          <AdminLink href={`${base}/`} className={buttonStyles.secondary}>
            Back to the session
          </AdminLink>
        }
      >
        Payments of <span className="font-mono">{sname}</span>
      </PageTitle>
      {typeof payments === "string" ? (
        <div className="space-y-6">
          <p role="alert" className="rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-800">
            {payments}
          </p>
          {settings}
        </div>
      ) : (
        <div className="space-y-6">
          {payments.currency === null ? (
            <p role="status" className="rounded-lg border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
              This session&apos;s config sets no payment (currency, value of a point, fee), so every amount is 0.00. Set one below, or add a <code>payment</code> to the config (docs/prolific.md).
            </p>
          ) : null}
          <Card
            title="Totals"
            actions={
              <div className="flex flex-wrap gap-2">
                <a href={`${base}/payments/bonus.csv`} className={buttonStyles.secondary} download>
                  Bonus CSV (Prolific)
                </a>
                <a href={`${base}/payments/payments.csv`} className={buttonStyles.secondary} download>
                  Payments CSV
                </a>
              </div>
            }
          >
            <Facts
              items={[
                ["Currency", payments.currency ?? "none set"],
                ["Per point", `${payments.pointValue} ${payments.currency ?? ""}`],
                ["Participation fee", `${payments.fee} ${payments.currency ?? ""} (finished players)`],
                ["Bonuses", `${payments.totals.bonus} ${payments.currency ?? ""}`],
                ["Fees", `${payments.totals.fee} ${payments.currency ?? ""}`],
                ["Total", `${payments.totals.total} ${payments.currency ?? ""}`],
                ["Not yet paid", `${payments.totals.unpaid} ${payments.currency ?? ""}`],
              ]}
            />
          </Card>
          {settings}
          <Card title="Players">
            <PaymentsTable payments={payments} action={markPaidAction.bind(null, sname)} />
          </Card>
        </div>
      )}
    </>
  );
}
