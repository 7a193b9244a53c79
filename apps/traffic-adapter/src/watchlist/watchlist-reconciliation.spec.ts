import { PlateColor, VehicleColor, VehicleType, WatchlistExportItem } from '@app/contracts';
import { WatchStatus } from './watch-entry.entity';
import { LocalWatchRow, planReconciliation } from './watchlist-reconciliation';

describe(planReconciliation.name, () => {
  const now = new Date('2026-03-01T00:00:00Z');
  const seal = (seizureId: string, plate: string, overrides: Partial<WatchlistExportItem> = {}): WatchlistExportItem => ({
    seizureId,
    plate,
    plateColor: PlateColor.Blue,
    caseNumber: '(2025)桂0603执1234号',
    livelihood: false,
    sealedAt: '2026-01-01T00:00:00.000Z',
    expiresAt: '2027-01-01T00:00:00.000Z',
    ...overrides,
  });
  const row = (item: WatchlistExportItem, status = WatchStatus.Active, version = 1n): LocalWatchRow => ({
    seizureId: item.seizureId,
    plate: item.plate,
    plateColor: item.plateColor,
    vehicleColor: item.vehicleColor ?? null,
    vehicleBrand: item.vehicleBrand ?? null,
    vehicleModel: item.vehicleModel ?? null,
    vehicleType: item.vehicleType ?? null,
    caseNumber: item.caseNumber,
    livelihood: item.livelihood,
    sealedAt: new Date(item.sealedAt),
    expiresAt: new Date(item.expiresAt),
    status,
    version,
  });

  it('finds nothing to do when the adapter watches exactly the seals in force', () => {
    const a = seal('a', '桂PA2345');
    expect(planReconciliation([row(a)], [a], 10n, now)).toEqual({ add: [], change: [], remove: [], tombstonesKept: 0 });
  });

  it('adds a seal in force that the adapter lost, and re-adds one it expired that the court has since renewed', () => {
    const lost = seal('a', '桂PA2345');
    const renewed = seal('b', '桂PB2345', { expiresAt: '2028-01-01T00:00:00.000Z' });
    const sut = planReconciliation([row({ ...renewed, expiresAt: '2026-02-01T00:00:00.000Z' }, WatchStatus.Expired)], [lost, renewed], 10n, now);
    expect(sut.add).toEqual([lost, renewed]);
  });

  it('never re-adds a seal the adapter has seen released (tombstone)', () => {
    const a = seal('a', '桂PA2345');
    const sut = planReconciliation([row(a, WatchStatus.Released, 20n)], [a], 10n, now);
    expect(sut).toEqual({ add: [], change: [], remove: [], tombstonesKept: 1 });
  });

  it('removes a watched seal the court no longer lists: released if its term runs, expired if it has lapsed', () => {
    const released = seal('a', '桂PA2345');
    const lapsed = seal('b', '桂PB2345', { expiresAt: '2026-02-01T00:00:00.000Z' });
    const sut = planReconciliation([row(released), row(lapsed)], [], 10n, now);
    expect(sut.remove).toEqual([
      { seizureId: 'a', plate: '桂PA2345', status: WatchStatus.Released },
      { seizureId: 'b', plate: '桂PB2345', status: WatchStatus.Expired },
    ]);
  });

  it('corrects a watched seal whose details differ from the court', () => {
    const a = seal('a', '桂PA2345');
    const sut = planReconciliation([row({ ...a, expiresAt: '2026-06-01T00:00:00.000Z' })], [a], 10n, now);
    expect(sut.change).toEqual([a]);
  });

  it('corrects a watched seal whose registered vehicle differs from the court (the matcher weighs it)', () => {
    const a = seal('a', '桂PA2345', { vehicleColor: VehicleColor.White, vehicleBrand: '大众', vehicleType: VehicleType.Car });
    expect(planReconciliation([row({ ...a, vehicleBrand: '丰田' })], [a], 10n, now).change).toEqual([a]);
    expect(planReconciliation([row(a)], [a], 10n, now).change).toEqual([]);
  });

  it('leaves rows changed after the snapshot alone: the event that changed them is newer than the export', () => {
    const registeredSince = seal('a', '桂PA2345');
    const renewedSince = seal('b', '桂PB2345');
    const sut = planReconciliation([row(registeredSince, WatchStatus.Active, 11n), row({ ...renewedSince, expiresAt: '2028-01-01T00:00:00.000Z' }, WatchStatus.Active, 12n)], [renewedSince], 10n, now);
    expect(sut).toEqual({ add: [], change: [], remove: [], tombstonesKept: 0 });
  });
});
