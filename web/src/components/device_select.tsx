// A <select> of media devices of one kind.

export function DeviceSelect({
  label,
  kind,
  devices,
  value,
  onChange,
  testId,
}: {
  testId?: string;
  label: string;
  kind: MediaDeviceKind;
  devices: MediaDeviceInfo[];
  value: string | null;
  onChange: (deviceId: string) => void;
}) {
  const options = devices.filter((d) => d.kind === kind);
  if (options.length === 0) return null;
  return (
    <label className="field compact">
      <span>{label}</span>
      <select
        data-testid={testId}
        value={value ?? options[0]!.deviceId}
        onChange={(e) => onChange(e.target.value)}
      >
        {options.map((d, i) => (
          <option key={d.deviceId} value={d.deviceId}>
            {d.label || `${label} ${i + 1}`}
          </option>
        ))}
      </select>
    </label>
  );
}
